package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * assign on files that need addresses, in every form a repository may hold them: BOM or not,
 * CRLF or LF, UTF-8, UTF-16 (both byte orders) or ISO-8859-1, with comments, processing
 * instructions and CDATA. The output keeps all of it and only inserts.
 */
class AssignKeepsBytesTest {
    private static final byte[] NO_BOM = {};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("utf-8, LF", StandardCharsets.UTF_8, NO_BOM, "UTF-8", "\n"),
                Arguments.of("utf-8, CRLF", StandardCharsets.UTF_8, NO_BOM, "UTF-8", "\r\n"),
                Arguments.of("utf-8 with BOM, CRLF", StandardCharsets.UTF_8, UTF8_BOM, "UTF-8", "\r\n"),
                Arguments.of("utf-8 without declaration", StandardCharsets.UTF_8, NO_BOM, null, "\n"),
                Arguments.of("utf-16le with BOM", StandardCharsets.UTF_16LE, UTF16LE_BOM, "UTF-16", "\n"),
                Arguments.of("utf-16be with BOM, CRLF", StandardCharsets.UTF_16BE, UTF16BE_BOM, "UTF-16", "\r\n"),
                Arguments.of("utf-16le without BOM", StandardCharsets.UTF_16LE, NO_BOM, "UTF-16LE", "\n"),
                Arguments.of("iso-8859-1", StandardCharsets.ISO_8859_1, NO_BOM, "ISO-8859-1", "\n"),
                Arguments.of("iso-8859-1, CRLF", StandardCharsets.ISO_8859_1, NO_BOM, "ISO-8859-1", "\r\n"));
    }

    static String decorated(String declared, String eol) throws IOException {
        String base = Files.readString(Path.of("src/it/assign/src/main/resources/vms/web01.xml"));
        String text = (declared == null ? "" : "<?xml version='1.0' encoding='" + declared + "'?>\n")
                + "<!-- caf\u00e9 cr\u00e8me: kept as is -->\n<?editor fold='on'?>\n"
                + base.replace("</name>", "</name>\n  <description><![CDATA[r\u00e9seau <a> & \"b\" ]]></description>")
                        .replace("<devices>", "<devices>\n    <!-- d\u00e9vices -->\n    <?keep this?>");
        return text.replace("\r\n", "\n").replace("\n", eol);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void assignKeepsEncodingBomLineEndingsCommentsPisAndCdata(String name, Charset charset, byte[] bom,
            String declared, String eol) throws IOException {
        String text = decorated(declared, eol);
        byte[] body = text.getBytes(charset);
        byte[] bytes = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        assertFalse(new FileChecker().check("vm.xml", bytes).hasErrors());

        FileAssigner.Outcome outcome = new FileAssigner().assign("vm.xml", bytes);
        assertTrue(outcome.changed(), name);
        byte[] out = outcome.newContent();
        assertArrayEquals(bom, Arrays.copyOf(out, bom.length), "BOM kept");
        String written = new String(out, bom.length, out.length - bom.length, charset);
        assertArrayEquals(Arrays.copyOfRange(out, bom.length, out.length), written.getBytes(charset),
                "the output is exactly " + charset + " text");
        assertTrue(Domains.isSubsequence(text, written), "assign only inserts");
        for (String kept : new String[] {"<!-- caf\u00e9 cr\u00e8me: kept as is -->", "<?editor fold='on'?>",
                "<![CDATA[r\u00e9seau <a> & \"b\" ]]>", "<!-- d\u00e9vices -->", "<?keep this?>"}) {
            assertTrue(written.contains(kept), kept);
        }
        if (eol.equals("\r\n")) {
            assertFalse(written.replace("\r\n", "").contains("\n"), "a bare LF in a CRLF file");
        } else {
            assertFalse(written.contains("\r"), "a CR in an LF file");
        }
        assertFalse(new FileChecker().check("vm.xml", out).hasErrors());
        assertFalse(new FileAssigner().assign("vm.xml", out).changed(), "a second run changes nothing");
        assertEquals(1, written.split("<memballoon", -1).length - 1, "one balloon, as libvirt adds");
    }
}
