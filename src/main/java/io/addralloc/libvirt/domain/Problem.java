package io.addralloc.libvirt.domain;

import io.addralloc.libvirt.Rule;
import io.addralloc.libvirt.Severity;
import io.addralloc.libvirt.xml.LocatedElement;

/**
 * Something libvirt would refuse (or a warning worth giving), found while simulating a define.
 *
 * @param rule the check that failed
 * @param severity error or warning
 * @param at the element to point at (the address element when the address is at fault);
 *     null when no element in the file is to blame (e.g. a device libvirt adds itself)
 * @param message what is wrong and what to do
 */
public record Problem(Rule rule, Severity severity, LocatedElement at, String message) {
    public static Problem error(Rule rule, LocatedElement at, String message) {
        return new Problem(rule, Severity.ERROR, at, message);
    }

    public static Problem warning(Rule rule, LocatedElement at, String message) {
        return new Problem(rule, Severity.WARNING, at, message);
    }
}
