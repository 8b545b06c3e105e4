package io.addralloc.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Over which files names must be unique ({@code crossFileScope}): the whole build (every module of
 * the reactor), or each directory, as one host's definitions. UUIDs and MACs are unique across the
 * build either way.
 */
public enum CrossFileScope {
    /** Names, UUIDs and MACs unique across every file of the build. */
    BUILD,
    /** Each directory is one host: names unique per directory, UUIDs and MACs across the build. */
    DIRECTORY;

    /** The word the parameter takes. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope a parameter names (any case; null or blank: {@link #BUILD}). */
    public static CrossFileScope of(String word) throws BrokenSetupException {
        if (word == null || word.isBlank()) {
            return BUILD;
        }
        for (CrossFileScope s : values()) {
            if (s.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BrokenSetupException("addralloc: crossFileScope is '" + word.strip() + "'; it must be one of "
                + Arrays.stream(values()).map(CrossFileScope::word).collect(Collectors.joining(", "))
                + " (-Daddralloc.crossFileScope)");
    }

    /** What a name is unique by in this scope, for a file at {@code path} ('/' between directories). */
    String nameKey(String path, String name) {
        if (this == BUILD) {
            return name;
        }
        int slash = path.lastIndexOf('/');
        return (slash < 0 ? "" : path.substring(0, slash)) + '\0' + name;
    }
}
