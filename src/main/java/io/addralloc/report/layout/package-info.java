/**
 * The layout report: an offline HTML and SVG map of every domain's buses, slots and ports and of
 * each network's addresses. May use {@code report}, {@code engine}, the {@code libvirt} layer and
 * {@code rules}; never a Maven type.
 */
package io.addralloc.report.layout;
