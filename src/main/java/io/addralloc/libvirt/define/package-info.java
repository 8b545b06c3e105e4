/**
 * The define pipeline: what {@code virsh define} does with a file, in libvirt's order: parse,
 * post-parse defaults ({@link io.addralloc.libvirt.define.PostParse}), the assignment passes,
 * validation ({@link io.addralloc.libvirt.define.Validation}), and the simulation that runs them
 * ({@link io.addralloc.libvirt.define.DefineSimulation}). The top of the libvirt layer for
 * domains: may use every {@code libvirt} package below it and {@code rules}; no Maven, no engine.
 */
package io.addralloc.libvirt.define;
