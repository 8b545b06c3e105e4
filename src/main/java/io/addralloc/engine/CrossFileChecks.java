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

/**
 * Checks libvirt itself cannot make, because it sees one definition at a time: names, UUIDs
 * and MACs that clash between files of one build, and domain interfaces that disagree with the
 * static DHCP hosts of the network they join. Each clash is one finding, on the file that comes
 * later in path order, naming the earlier one; so the outcome does not depend on the order in
 * which files were checked.
 */
public final class CrossFileChecks {
    private CrossFileChecks() {}

    /** The results with the findings across files added; {@code results} in any order. */
    public static List<FileResult> apply(List<FileResult> results) {
        List<FileResult> sorted = results.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
        Map<String, List<Finding>> added = new LinkedHashMap<>();
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
                Seen first = networkNames.putIfAbsent(f.name(), new Seen(r.path(), f.nameAt(), f.name()));
                if (first != null) {
                    add(added, r.path(), Rule.BUILD_DUPLICATE_NAME, f.nameAt(), "/network/name", first, "network name '"
                            + f.name() + "' is also defined by " + first + "; net-define of one replaces the other,"
                            + " rename one");
                } else {
                    networks.put(f.name(), r);
                }
            }
            if (f.kind() != FileKind.DOMAIN) {
                continue;
            }
            if (f.name() != null) {
                Seen first = domainNames.putIfAbsent(f.name(), new Seen(r.path(), f.nameAt(), f.name()));
                if (first != null) {
                    add(added, r.path(), Rule.BUILD_DUPLICATE_NAME, f.nameAt(), "/domain/name", first, "domain name '"
                            + f.name() + "' is also defined by " + first + "; defining one replaces the other, rename one");
                }
            }
            if (f.uuid() != null) {
                Seen first = uuids.putIfAbsent(f.uuid(), new Seen(r.path(), f.uuidAt(), f.name()));
                if (first != null) {
                    add(added, r.path(), Rule.BUILD_DUPLICATE_UUID, f.uuidAt(), "/domain/uuid", first, "UUID " + f.uuid()
                            + " is also used by " + first.describe() + "; give each domain its own UUID, or remove"
                            + " the <uuid> and let libvirt generate one");
                }
            }
            for (FileFacts.Nic nic : f.nics()) {
                if (nic.mac() == null) {
                    continue;
                }
                Seen first = macs.putIfAbsent(nic.mac(), new Seen(r.path(), nic.at(), f.name()));
                if (first != null && !first.path().equals(r.path())) {
                    add(added, r.path(), Rule.BUILD_DUPLICATE_MAC, nic.at(), "mac " + nic.mac(), first, "MAC " + nic.mac()
                            + " is also used by an interface of " + first.describe() + "; change one, or remove the"
                            + " <mac> and run addralloc:assign to get a unique one");
                }
            }
        }
        for (FileResult r : sorted) {
            if (r.facts().kind() == FileKind.DOMAIN) {
                hostMismatches(r, networks, added);
            }
        }
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            out.add(r.plus(added.getOrDefault(r.path(), List.of())));
        }
        return out;
    }

    private static void hostMismatches(FileResult domain, Map<String, FileResult> networks,
            Map<String, List<Finding>> added) {
        String name = domain.facts().name();
        for (FileFacts.Nic nic : domain.facts().nics()) {
            FileResult network = nic.network() == null || nic.mac() == null ? null : networks.get(nic.network());
            if (network == null) {
                continue;
            }
            for (FileFacts.Host h : network.facts().hosts()) {
                String where = network.path() + ":" + h.at();
                if (nic.mac().equals(h.mac()) && h.name() != null && !h.name().equals(name)) {
                    add(added, domain.path(), Rule.NETWORK_HOST_MISMATCH, nic.at(), "mac " + nic.mac() + " host name "
                            + h.name(), new Seen(network.path(), h.at(), null), "network '" + nic.network() + "' gives MAC " + nic.mac() + " to host '" + h.name() + "' (" + where + "), but this is"
                            + " an interface of domain '" + name + "'; fix the host entry's name or this MAC");
                } else if (h.name() != null && h.name().equals(name) && h.mac() != null && !hasNicWithMac(domain,
                        nic.network(), h.mac())) {
                    add(added, domain.path(), Rule.NETWORK_HOST_MISMATCH, nic.at(), "mac " + nic.mac() + " host mac "
                            + h.mac(), new Seen(network.path(), h.at(), null), "network '" + nic.network() + "' has a host entry for '" + name + "' with MAC " + h.mac() + " (" + where
                            + "), but this domain's interface on that network has MAC " + nic.mac()
                            + "; make them the same, or DHCP will not give this guest its static IP");
                }
            }
        }
    }

    private static boolean hasNicWithMac(FileResult domain, String network, String mac) {
        return domain.facts().nics().stream().anyMatch(n -> network.equals(n.network()) && mac.equals(n.mac()));
    }

    /**
     * @param element what the finding is about, by value rather than place (the checks across
     *     files see positions, not elements)
     * @param other where the other party stands, shown as a related location
     */
    private static void add(Map<String, List<Finding>> added, String path, Rule rule, FileFacts.Position at,
            String element, Seen other, String message) {
        Finding.Related related = other.at() == null ? null
                : new Finding.Related(other.path(), other.at().line(), other.at().column(), "");
        added.computeIfAbsent(path, k -> new ArrayList<>()).add(new Finding(rule, rule.severity(), path,
                at == null ? 0 : at.line(), at == null ? 0 : at.column(), message, element, related));
    }

    /** Where a name, UUID or MAC was seen first. */
    private record Seen(String path, FileFacts.Position at, String domain) {
        String describe() {
            return (domain == null ? "the domain" : "domain '" + domain + "'") + " in " + this;
        }

        @Override
        public String toString() {
            return at == null ? path : path + ":" + at;
        }
    }
}
