/**
 * Parsing, libvirt's virDomainDefParseXML and the device parsers it calls: from a file's XML to
 * the {@code libvirt.model} domain, with the refusals libvirt makes while reading (numbers out of
 * range, unknown address types). May use {@code libvirt.model}, {@code libvirt.xml} and
 * {@code rules}.
 */
package io.addralloc.libvirt.parse;
