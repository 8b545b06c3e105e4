package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/hostile}: what verify reports of it (rule, line,
 * column), that the message quotes nothing of a refused file, and that assign leaves it alone.
 * Inputs too big or too binary to commit are generated here.
 */
class HostileFilesTest {
    static final Path DIR = Path.of("src/test/resources/hostile");

    /** Every hostile file carries this marker where an attacker would put content to leak. */
    static final String MARKER = "LEAKME";

    /** How a hostile file must come out: one finding (rule, line, column), or none. */
    record Expect(Rule rule, int line, int column, boolean quotesValue) {
        static Expect none() {
            return new Expect(null, 0, 0, false);
        }
    }

    private static Expect broken(int line, int column) {
        return new Expect(Rule.XML_NOT_WELL_FORMED, line, column, false);
    }

    /** A well-formed domain with a bad value: the finding may quote it (escaped and cut). */
    private static Expect value(Rule rule, int line, int column) {
        return new Expect(rule, line, column, true);
    }

    static final Map<String, Expect> EXPECTED = new TreeMap<>();

    static {
        // security: every DOCTYPE is refused at its position, before any entity or DTD is touched
        for (String f : List.of("doctype-billion-laughs.xml", "doctype-entity-in-attribute.xml",
                "doctype-external-dtd.xml", "doctype-local-dtd-file.xml", "doctype-parameter-entity.xml",
                "doctype-quadratic-blowup.xml", "doctype-xxe-file.xml", "doctype-xxe-http.xml")) {
            EXPECTED.put(f, broken(2, 10));
        }
        EXPECTED.put("doctype-harmless.xml", broken(1, 10));
        EXPECTED.put("xinclude-network.xml", Expect.none()); // checked as a network; the include is inert
        EXPECTED.put("schema-location.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7)); // nothing fetched
        EXPECTED.put("foreign-root.xml", Expect.none()); // skipped: not libvirt XML
        EXPECTED.put("xml-1.1-control-chars.xml", broken(1, 1));
        EXPECTED.put("attr-log-injection.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-very-long-value.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        // broken
        EXPECTED.put("empty.xml", broken(1, 1));
        EXPECTED.put("whitespace-only.xml", broken(4, 1));
        EXPECTED.put("truncated.xml", broken(10, 19));
        EXPECTED.put("plain-text.xml", broken(1, 1));
        EXPECTED.put("json.xml", broken(1, 1));
        EXPECTED.put("unclosed-element.xml", broken(14, 1));
        EXPECTED.put("mismatched-tag.xml", broken(9, 7));
        EXPECTED.put("two-roots.xml", broken(11, 2));
        EXPECTED.put("undeclared-entity.xml", broken(2, 17));
        EXPECTED.put("control-character.xml", broken(2, 15));
        EXPECTED.put("nul-bytes.xml", broken(2, 13));
        EXPECTED.put("xml-declaration-not-first.xml", broken(2, 8));
        EXPECTED.put("duplicate-attribute.xml", broken(11, 50));
        EXPECTED.put("unterminated-comment.xml", broken(11, 11));
        EXPECTED.put("unterminated-cdata.xml", broken(10, 11));
        EXPECTED.put("unbound-prefix.xml", broken(2, 16));
        EXPECTED.put("attribute-lt.xml", broken(2, 18));
        EXPECTED.put("bare-ampersand.xml", broken(2, 17));
        EXPECTED.put("deep-nesting.xml", broken(2, 2051));
        EXPECTED.put("bare-cr-line-endings.xml", broken(1, 21)); // found by XmlReadingFuzzTest
        // encodings
        EXPECTED.put("encoding-latin1-bytes-declared-utf8.xml", broken(1, 1));
        EXPECTED.put("encoding-unknown.xml", broken(1, 1));
        EXPECTED.put("encoding-utf16-declared-ascii-bytes.xml", broken(1, 1));
        EXPECTED.put("encoding-ascii-declared-utf8-bytes.xml", broken(1, 1));
        EXPECTED.put("encoding-utf8-bom-declared-utf16.xml", broken(1, 40));
        EXPECTED.put("encoding-utf16-odd-length.xml", broken(1, 1));
        EXPECTED.put("encoding-ebcdic-declared.xml", broken(1, 1));
        // absurd address values, unknown and impossible address types
        EXPECTED.put("attr-huge-hex.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-huge-decimal.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-negative.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-non-numeric.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-empty.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("attr-float.xml", value(Rule.ADDRESS_INVALID_VALUE, 11, 7));
        EXPECTED.put("address-unknown-type.xml", value(Rule.ADDRESS_UNKNOWN_TYPE, 11, 7));
        EXPECTED.put("address-without-type.xml", value(Rule.ADDRESS_UNKNOWN_TYPE, 11, 7));
        EXPECTED.put("address-wrong-type.xml", value(Rule.ADDRESS_WRONG_TYPE, 11, 7));
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void everyCommittedFileHasAnExpectationAndThereAreEnough() throws IOException {
        List<String> onDisk = files().toList();
        assertEquals(EXPECTED.keySet().stream().toList(), onDisk);
        assertTrue(onDisk.size() >= 30, "at least 30 hostile files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void verifyReportsOneFindingAndAssignLeavesTheFileAlone(String name) throws IOException {
        Expect want = EXPECTED.get(name);
        byte[] bytes = Files.readAllBytes(DIR.resolve(name));
        String path = "hostile/" + name;
        FileResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> new FileChecker().check(path, bytes));
        if (want.rule() == null) {
            assertEquals(List.of(), result.findings());
        } else {
            assertEquals(1, result.findings().size(), () -> result.findings().toString());
            Finding f = result.findings().get(0);
            assertEquals(want.rule(), f.rule(), f::toConsoleLine);
            assertEquals(want.line(), f.line(), f::toConsoleLine);
            assertEquals(want.column(), f.column(), f::toConsoleLine);
            assertEquals(path, f.path());
            assertCalm(f, want.quotesValue());
        }
        FileAssigner.Outcome outcome = new FileAssigner().assign(path, bytes);
        assertFalse(outcome.changed(), "assign would rewrite " + name);
        assertEquals(result.findings(), outcome.result().findings());
    }

    /**
     * One line, printable, short; a refused file's content never appears. A finding on a
     * well-formed domain may quote the offending value, but escaped and cut.
     */
    static void assertCalm(Finding f, boolean mayQuoteValue) {
        String line = f.toConsoleLine();
        assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT),
                line);
        assertTrue(line.length() < 400, line);
        assertFalse(line.contains("root:"), line);
        if (!mayQuoteValue) {
            assertFalse(line.toUpperCase(Locale.ROOT).contains(MARKER), line);
            assertFalse(line.contains("127.0.0.1") || line.contains("/etc/"), line);
        }
    }

    private static FileResult checkGenerated(byte[] bytes) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new FileChecker().check("gen.xml", bytes));
    }

    private static Finding single(FileResult r) {
        assertEquals(1, r.findings().size(), () -> r.findings().toString());
        Finding f = r.findings().get(0);
        assertCalm(f, false);
        return f;
    }

    @Test
    void aFileOfTensOfMegabytesIsRefusedWithoutBeingParsed() {
        String head = "<domain type='qemu'><name>big</name><!-- " + MARKER;
        byte[] big = new byte[40 * 1024 * 1024];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, big, 0, h.length);
        java.util.Arrays.fill(big, h.length, big.length, (byte) 'x');
        long start = System.nanoTime();
        Finding f = single(checkGenerated(big));
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
        assertEquals(Rule.XML_NOT_WELL_FORMED, f.rule());
        assertEquals(1, f.line());
        assertTrue(f.message().contains("larger than 10 MiB"), f.message());
        assertFalse(new FileAssigner().assign("big.xml", big).changed());
    }

    @Test
    void binaryGarbageIsOneFindingWhateverTheSeed() {
        Random random = new Random(20240605L);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(64 * 1024)];
            random.nextBytes(garbage);
            Finding f = single(checkGenerated(garbage));
            assertEquals(Rule.XML_NOT_WELL_FORMED, f.rule());
            assertTrue(f.line() >= 1 && f.column() >= 1);
        }
    }

    @Test
    void nestingOneHundredThousandDeepIsRefusedWithoutExhaustingTheStack() {
        String deep = "<domain>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</domain>";
        Finding f = single(checkGenerated(deep.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Rule.XML_NOT_WELL_FORMED, f.rule());
        assertEquals(1, f.line());
        assertTrue(f.message().contains("nested deeper than 256"), f.message());
    }

    @Test
    void anExponentialEntityBombIsRejectedInWellUnderASecond() {
        // 10^30 expansions if anything expanded them.
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?>\n<!DOCTYPE domain [\n<!ENTITY e0 '" + MARKER + "'>\n");
        for (int i = 1; i <= 30; i++) {
            bomb.append("<!ENTITY e").append(i).append(" '").append(("&e" + (i - 1) + ";").repeat(10)).append("'>\n");
        }
        bomb.append("]>\n<domain><name>&e30;</name></domain>\n");
        byte[] bytes = bomb.toString().getBytes(StandardCharsets.UTF_8);
        new FileChecker().check("warm.xml", bytes); // class loading is not the point
        long start = System.nanoTime();
        Finding f = single(checkGenerated(bytes));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 250, millis + " ms");
        assertEquals(2, f.line());
        assertTrue(f.message().contains("DOCTYPE"));
    }

    @Test
    void aHugeAttributeValueIsQuotedOnlyInPart() {
        String domain = "<domain type='qemu'><name>x</name><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<interface type='network'><source network='default'/><address type='pci' slot='0x"
                + "9".repeat(2_000_000) + "'/></interface></devices></domain>";
        FileResult r = checkGenerated(domain.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.findings().size(), () -> r.findings().toString());
        assertEquals(Rule.ADDRESS_INVALID_VALUE, r.findings().get(0).rule());
        assertCalm(r.findings().get(0), true);
    }

    @Test
    void foreignAndCleanFilesAreSkippedOrCheckedNotFlagged() throws IOException {
        assertEquals(FileKind.FOREIGN, new FileChecker().check("f.xml",
                Files.readAllBytes(DIR.resolve("foreign-root.xml"))).kind());
        assertEquals(FileKind.NETWORK, new FileChecker().check("n.xml",
                Files.readAllBytes(DIR.resolve("xinclude-network.xml"))).kind());
        assertNull(new FileAssigner().assign("f.xml", Files.readAllBytes(DIR.resolve("foreign-root.xml"))).newContent());
    }
}
