/**
 * libvirt's assignment policy (src/qemu/qemu_domain_address.c and the address passes of
 * domain_conf.c): which bus takes which device, in which order, when the topology grows a
 * controller, and what libvirt fills in afterwards. Each pass runs on the parsed and post-parsed
 * domain and reserves through {@code libvirt.addr} or the {@code allocator} core. May use those,
 * {@code libvirt.parse}, {@code libvirt.model}, {@code libvirt.xml} and {@code rules}.
 */
package io.addralloc.libvirt.assign;
