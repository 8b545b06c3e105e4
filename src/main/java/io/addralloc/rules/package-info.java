/**
 * Rule ids and severities: the names users, suppressions and CI tools rely on, with the
 * documentation of each rule. The bottom of the plugin: it uses nothing else of it.
 */
package io.addralloc.rules;
