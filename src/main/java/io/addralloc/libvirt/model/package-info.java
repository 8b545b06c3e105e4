/**
 * The domain as libvirt 9.0 models it after parsing: devices by kind in libvirt's order,
 * their addresses as one tagged union ({@link io.addralloc.libvirt.model.Addr}), machine types
 * and the problems a phase reports. May use {@code libvirt.xml} (where a device was written)
 * and {@code rules}; nothing above.
 */
package io.addralloc.libvirt.model;
