/**
 * Address sets: which addresses of a kind exist on this domain's buses and controllers, which
 * are taken and by whom (libvirt's src/conf/domain_addr.c). Mechanism only: which device goes
 * where is the policy in {@code libvirt.assign}. May use {@code libvirt.model}, the
 * {@code allocator} core and {@code rules}.
 */
package io.addralloc.libvirt.addr;
