/**
 * The Maven-free engine: choosing files, checking and assigning them (through the libvirt layer),
 * checks across files, the result cache, atomic writes and the findings a run reports. May use
 * every {@code libvirt} package, the {@code allocator} core, {@code report} and {@code rules};
 * never a Maven type.
 */
package io.addralloc.engine;
