/**
 * Minimal-edit writing: the {@code <address>} and controller elements assign inserts, as text
 * edits to the file's exact bytes (nothing else in the file changes), and the diff a dry run
 * shows. May use {@code libvirt.addr}, {@code libvirt.parse}, {@code libvirt.model},
 * {@code libvirt.xml} and {@code rules}.
 */
package io.addralloc.libvirt.write;
