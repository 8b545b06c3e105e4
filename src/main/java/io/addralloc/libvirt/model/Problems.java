package io.addralloc.libvirt.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where the passes of a define put what they find. A pass only adds; what it found is read back
 * once the passes have run ({@link #distinct()}), or, by a test of one pass, from the count taken
 * before it ran ({@link #since(int)}). Not thread-safe: one per simulated file.
 */
public final class Problems {
    private final List<Problem> found = new ArrayList<>();

    public void add(Problem problem) {
        found.add(Objects.requireNonNull(problem, "problem"));
    }

    public void addAll(List<Problem> problems) {
        problems.forEach(this::add);
    }

    /** How many problems were added so far, repeats counted. */
    public int count() {
        return found.size();
    }

    /** The problems added since {@link #count()} returned {@code mark}, in order. */
    public List<Problem> since(int mark) {
        return List.copyOf(found.subList(mark, found.size()));
    }

    /**
     * Every problem, in the order found, each once: two passes may see one fault (libvirt would
     * stop at the first), and a finding is worth giving once.
     */
    public List<Problem> distinct() {
        return List.copyOf(new LinkedHashSet<>(found));
    }
}
