/**
 * Reports CI tools read: checkstyle's XML, SARIF for code scanning and the rule documentation,
 * written from the engine's findings. May use {@code engine}'s value types and {@code rules};
 * never a Maven type.
 */
package io.addralloc.report;
