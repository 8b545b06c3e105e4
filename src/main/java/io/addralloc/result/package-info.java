/**
 * What a run found about each file, as values every consumer reads: a {@code Finding} (rule,
 * severity, {@code path:line:col}, message, the other element involved), a file's
 * {@code FileResult}, its {@code FileKind} and the {@code FileFacts} the checks across files use.
 * The engine makes them; the reports and the Maven adapter read them. May use {@code libvirt.xml}
 * (positions) and {@code rules}.
 */
package io.addralloc.result;
