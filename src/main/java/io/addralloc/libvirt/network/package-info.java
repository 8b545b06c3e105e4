/**
 * libvirt network definitions: the DHCP ranges and hosts of {@code <network>} files and the
 * checks libvirt makes on them. May use {@code libvirt.model}, {@code libvirt.xml}, the
 * {@code allocator} core and {@code rules}.
 */
package io.addralloc.libvirt.network;
