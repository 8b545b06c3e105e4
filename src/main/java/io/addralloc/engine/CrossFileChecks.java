package io.addralloc.engine;

import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Checks libvirt itself cannot make, because it sees one definition at a time: names, UUIDs
 * and MACs that clash between files of one build, and domain interfaces that disagree with the
 * static DHCP hosts of the network they join. Each clash is one finding, on the file that comes
 * later in path order, naming the earlier one; so the outcome does not depend on the order in
 * which files were checked.
 *
 * <p>With {@link CrossFileScope#DIRECTORY} each directory is one host: names clash only within a
 * directory, UUIDs and MACs still across the build. A run compares its module's files; the
 * last module of a reactor to finish compares every module's files ({@link CrossModule}), keeping
 * only the clashes between two modules.
 */
public final class CrossFileChecks {
    private CrossFileChecks() {}

    /** The results with the findings across files added; {@code results} in any order. */
    public static List<FileResult> apply(List<FileResult> results) {
        return apply(results, CrossFileScope.BUILD, "");
    }

    /**
     * {@link #apply(List)} in {@code scope}, the other file named as {@code shownPrefix} and its
     * path (what the console puts before a module's paths: the other file named in full).
     */
    public static List<FileResult> apply(List<FileResult> results, CrossFileScope scope, String shownPrefix) {
        Map<String, List<Finding>> added = findings(results, scope, shownPrefix, (a, b) -> true);
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            out.add(r.plus(added.getOrDefault(r.path(), List.of())));
        }
        return out;
    }

    /**
     * The findings across files, by the path of the file each is on; {@code counts} tells, from the
     * paths of the two files of a clash, whether it is one to report (the comparison over every
     * module keeps those between two modules).
     */
    static Map<String, List<Finding>> findings(List<FileResult> results, CrossFileScope scope, String shownPrefix,
            BiPredicate<String, String> counts) {
        List<FileResult> sorted = results.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
        Clashes added = new Clashes(shownPrefix, counts);
        // Sized for the build up front: growing them was a visible part of this serial step.
        int expected = Math.max(16, results.size() * 2);
        Map<String, Seen> domainNames = new HashMap<>(expected);
        Map<String, Seen> networkNames = new HashMap<>();
        Map<String, Seen> uuids = new HashMap<>(expected);
        Map<String, Seen> macs = new HashMap<>(expected * 2);
        Map<String, FileResult> networks = new HashMap<>();
        for (FileResult r : sorted) {
            FileFacts f = r.facts();
            if (f.kind() == FileKind.NETWORK && f.name() != null) {
                Seen first = networkNames.putIfAbsent(scope.nameKey(r.path(), f.name()),
                        added.seen(r.path(), f.nameAt(), f.name()));
                if (first != null) {
                    added.add(r.path(), Rule.BUILD_DUPLICATE_NAME, f.nameAt(), "/network/name", first, "network name '"
                            + f.name() + "' is also defined by " + first + "; net-define of one replaces the other,"
                            + " rename one");
                } else {
                    networks.put(scope.nameKey(r.path(), f.name()), r);
                    networks.putIfAbsent(f.name(), r);
                }
            }
            if (f.kind() != FileKind.DOMAIN) {
                continue;
            }
            if (f.name() != null) {
                Seen first = domainNames.putIfAbsent(scope.nameKey(r.path(), f.name()),
                        added.seen(r.path(), f.nameAt(), f.name()));
                if (first != null) {
                    added.add(r.path(), Rule.BUILD_DUPLICATE_NAME, f.nameAt(), "/domain/name", first, "domain name '"
                            + f.name() + "' is also defined by " + first + "; defining one replaces the other, rename one");
                }
            }
            if (f.uuid() != null) {
                Seen first = uuids.putIfAbsent(f.uuid(), added.seen(r.path(), f.uuidAt(), f.name()));
                if (first != null) {
                    added.add(r.path(), Rule.BUILD_DUPLICATE_UUID, f.uuidAt(), "/domain/uuid", first, "UUID " + f.uuid()
                            + " is also used by " + first.describe() + "; give each domain its own UUID, or remove"
                            + " the <uuid> and let libvirt generate one");
                }
            }
            for (FileFacts.Nic nic : f.nics()) {
                if (nic.mac() == null) {
                    continue;
                }
                Seen first = macs.putIfAbsent(nic.mac(), added.seen(r.path(), nic.at(), f.name()));
                if (first != null && !first.path().equals(r.path())) {
                    added.add(r.path(), Rule.BUILD_DUPLICATE_MAC, nic.at(), "mac " + nic.mac(), first, "MAC " + nic.mac()
                            + " is also used by an interface of " + first.describe() + "; change one, or remove the"
                            + " <mac> and run addralloc:assign to get a unique one");
                }
            }
        }
        for (FileResult r : sorted) {
            if (r.facts().kind() == FileKind.DOMAIN) {
                hostMismatches(r, networks, scope, added);
            }
        }
        return added.byPath;
    }

    private static void hostMismatches(FileResult domain, Map<String, FileResult> networks, CrossFileScope scope,
            Clashes added) {
        String name = domain.facts().name();
        for (FileFacts.Nic nic : domain.facts().nics()) {
            // In its own directory first (a host's network), else the first of that name in the build.
            FileResult network = nic.network() == null || nic.mac() == null ? null
                    : networks.getOrDefault(scope.nameKey(domain.path(), nic.network()), networks.get(nic.network()));
            if (network == null) {
                continue;
            }
            for (FileFacts.Host h : network.facts().hosts()) {
                String where = added.shown(network.path()) + ":" + h.at();
                if (nic.mac().equals(h.mac()) && h.name() != null && !h.name().equals(name)) {
                    added.add(domain.path(), Rule.NETWORK_HOST_MISMATCH, nic.at(), "mac " + nic.mac() + " host name "
                            + h.name(), added.seen(network.path(), h.at(), null), "network '" + nic.network() + "' gives MAC " + nic.mac() + " to host '" + h.name() + "' (" + where + "), but this is"
                            + " an interface of domain '" + name + "'; fix the host entry's name or this MAC");
                } else if (h.name() != null && h.name().equals(name) && h.mac() != null && !hasNicWithMac(domain,
                        nic.network(), h.mac())) {
                    added.add(domain.path(), Rule.NETWORK_HOST_MISMATCH, nic.at(), "mac " + nic.mac() + " host mac "
                            + h.mac(), added.seen(network.path(), h.at(), null), "network '" + nic.network() + "' has a host entry for '" + name + "' with MAC " + h.mac() + " (" + where
                            + "), but this domain's interface on that network has MAC " + nic.mac()
                            + "; make them the same, or DHCP will not give this guest its static IP");
                }
            }
        }
    }

    private static boolean hasNicWithMac(FileResult domain, String network, String mac) {
        return domain.facts().nics().stream().anyMatch(n -> network.equals(n.network()) && mac.equals(n.mac()));
    }

    /** The findings made so far, by path, and how the other file of a clash is named. */
    private static final class Clashes {
        private final Map<String, List<Finding>> byPath = new LinkedHashMap<>();
        private final String shownPrefix;
        private final BiPredicate<String, String> counts;

        Clashes(String shownPrefix, BiPredicate<String, String> counts) {
            this.shownPrefix = shownPrefix;
            this.counts = counts;
        }

        String shown(String path) {
            return shownPrefix + path;
        }

        Seen seen(String path, FileFacts.Position at, String domain) {
            return new Seen(path, shown(path), at, domain);
        }

        /**
         * @param element what the finding is about, by value rather than place (the checks across
         *     files see positions, not elements)
         * @param other where the other party stands, shown as a related location
         */
        void add(String path, Rule rule, FileFacts.Position at, String element, Seen other, String message) {
            if (!counts.test(path, other.path())) {
                return;
            }
            Finding.Related related = other.at() == null ? null
                    : new Finding.Related(other.path(), other.at().line(), other.at().column(), "");
            byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(new Finding(rule, rule.severity(), path,
                    at == null ? 0 : at.line(), at == null ? 0 : at.column(), message, element, related));
        }
    }

    /** Where a name, UUID or MAC was seen first. */
    private record Seen(String path, String shownPath, FileFacts.Position at, String domain) {
        String describe() {
            return (domain == null ? "the domain" : "domain '" + domain + "'") + " in " + this;
        }

        @Override
        public String toString() {
            return at == null ? shownPath : shownPath + ":" + at;
        }
    }
}
