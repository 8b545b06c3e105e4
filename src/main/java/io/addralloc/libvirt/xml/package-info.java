/**
 * Reading XML with positions: a dom4j tree whose elements know their line and column, the
 * file's exact text and encoding, and refusal of what libvirt's parser would refuse (DTDs,
 * entities). Uses no other package of the plugin.
 */
package io.addralloc.libvirt.xml;
