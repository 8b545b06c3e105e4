package io.addralloc.engine;

import io.addralloc.result.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * User properties ({@code -D...}) that look meant for addralloc but that no parameter reads: a
 * mistyped {@code -Daddralloc.dryrun=true} must stop the goal before it reads or writes anything,
 * not silently rewrite files.
 */
public final class UnknownProperties {
    /** The prefix of the plugin's properties. */
    public static final String PREFIX = "addralloc.";

    /**
     * Every property a parameter of one of the plugin's goals reads ({@code @Parameter(property = ...)}
     * in {@code io.addralloc.maven}); {@code UnknownPropertiesTest} reads the mojos' sources and fails
     * when this set and theirs differ, so a parameter added there is added here. A goal checks against
     * all of them, not only its own: {@code mvn addralloc:verify addralloc:assign -Daddralloc.dryRun=true}
     * is one command line for two goals.
     */
    public static final Set<String> ALL = Set.copyOf(new TreeSet<>(List.of(
            "addralloc.assign.skip",
            "addralloc.baseline",
            "addralloc.baseline.skip",
            "addralloc.cache",
            "addralloc.directories",
            "addralloc.dryRun",
            "addralloc.excludes",
            "addralloc.failOnError",
            "addralloc.failOnSeverity",
            "addralloc.followLinksOutside",
            "addralloc.includes",
            "addralloc.minFreeHotplugPorts",
            "addralloc.outputDirectory",
            "addralloc.report.skip",
            "addralloc.requirePinned",
            "addralloc.skip",
            "addralloc.suppressions",
            "addralloc.verify.skip")));

    private UnknownProperties() {}

    /**
     * One property no parameter reads.
     *
     * @param name the property as given
     * @param suggestion the known property it most likely meant, or null
     */
    public record Unknown(String name, String suggestion) {
        /** {@code unknown property addralloc.dryrun; did you mean addralloc.dryRun?} */
        public String message() {
            return "unknown property " + Finding.escape(name) + (suggestion == null
                    ? "; no parameter of addralloc reads it (the README lists them)" : "; did you mean " + suggestion + "?");
        }
    }

    /**
     * The user properties starting {@code addralloc.} (in any case) that are not in {@code known}, sorted by name,
     * each with the known property it most likely meant: one differing only in case first, else the
     * fewest edits away if that is close.
     *
     * @param userProperties the session's user properties ({@code -D}; a {@link java.util.Properties} will do)
     * @param known the properties the plugin's parameters read (normally {@link #ALL})
     */
    public static List<Unknown> find(Map<?, ?> userProperties, Set<String> known) {
        TreeSet<String> names = new TreeSet<>();
        for (Object key : userProperties.keySet()) {
            if (key instanceof String s && s.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && !known.contains(s)) {
                names.add(s);
            }
        }
        List<String> candidates = new ArrayList<>(new TreeSet<>(known));
        List<Unknown> out = new ArrayList<>();
        for (String name : names) {
            out.add(new Unknown(name, Spelling.closest(name, candidates)));
        }
        return out;
    }

    /** The messages of {@link #find}, one line each; empty when every property is known. */
    public static List<String> messages(Map<?, ?> userProperties, Set<String> known) {
        return find(userProperties, known).stream().map(Unknown::message).toList();
    }
}
