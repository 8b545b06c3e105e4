package io.addralloc.libvirt.model;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;

/**
 * Something libvirt would refuse (or a warning worth giving), found while simulating a define.
 *
 * @param rule the check that failed
 * @param severity error or warning
 * @param at the element to point at (the address element when the address is at fault);
 *     null when no element in the file is to blame (e.g. a device libvirt adds itself)
 * @param message what is wrong and what to do
 * @param other the other element of a clash (the device already on the address, the disk with
 *     the same target), which reports show as a related location; null when there is none
 */
public record Problem(Rule rule, Severity severity, LocatedElement at, String message, LocatedElement other) {
    public Problem(Rule rule, Severity severity, LocatedElement at, String message) {
        this(rule, severity, at, message, null);
    }

    public static Problem error(Rule rule, LocatedElement at, String message) {
        return new Problem(rule, Severity.ERROR, at, message);
    }

    public static Problem warning(Rule rule, LocatedElement at, String message) {
        return new Problem(rule, Severity.WARNING, at, message);
    }

    /** This problem, with the other element of the clash it reports. */
    public Problem with(LocatedElement otherElement) {
        return new Problem(rule, severity, at, message, otherElement);
    }
}
