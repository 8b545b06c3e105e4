package io.addralloc.libvirt.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpora whose rejections are sorted into address faults and others (libvirt's own test
 * inputs, our probes, the device-class generator's seed, the device catalog), held to what the
 * gate promises: no accepted file fails verify, at least 98% of the address rejections are
 * flagged, assign gives libvirt's layout on every accepted file and pins at least 99% completely,
 * inserting only (or reporting what libvirt itself rewrites), and a second run changes nothing.
 */
class GoldenCorporaTest {

    static Stream<Path> corpora() {
        Path resources = Paths.get("src", "test", "resources", "libvirt");
        return Stream.of("corpus-libvirt-tests", "corpus-probes", "corpus-classgen", "corpus-catalog")
                .map(resources::resolve)
                .filter(Files::isDirectory);
    }

    /** The cases listed in src/test/resources/libvirt/unpinnable.tsv, with why they cannot be pinned. */
    private static java.util.Set<String> unpinnable() throws java.io.IOException {
        return Files.readAllLines(Paths.get("src", "test", "resources", "libvirt", "unpinnable.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")[0])
                .collect(java.util.stream.Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void verifyAndAssignHoldLibvirtsVerdictsAndLayouts(Path dir) throws Exception {
        Scorecard card = Scorecard.of(Corpus.load(dir));
        Scorecard.Row all = card.total;
        System.out.println("== " + dir.getFileName());
        System.out.println(card.report(60));
        assertTrue(all.accepted > 0, "the corpus has no accepted case");
        assertEquals(all.accepted, all.acceptedPass, "verify raised errors on files libvirt accepts");
        assertTrue(all.rejectedAddressFlagged >= 0.98 * all.rejectedAddress, "address rejections flagged: "
                + all.rejectedAddressFlagged + "/" + all.rejectedAddress);
        assertEquals(all.modelled, all.layout, "simulated layout differs from libvirt's");
        assertEquals(all.modelled, all.assignLayout, "the assigned files do not give libvirt's layout");
        java.util.Set<String> unpinnable = unpinnable();
        long unexplained = card.unpinned.stream().filter(u -> !unpinnable.contains(u.substring(0, u.indexOf(':'))))
                .count();
        assertTrue(all.modelled - unexplained >= 0.99 * all.modelled, "fully pinned: " + all.pinned + "/"
                + all.modelled + ", " + unexplained + " not listed in unpinnable.tsv");
        assertEquals(all.modelled, all.insertOnly + all.replacing, "an edit removed characters it did not report");
        assertEquals(all.modelled, all.idempotent, "a second assign changed a file or found errors");
    }
}
