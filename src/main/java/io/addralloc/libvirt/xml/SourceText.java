package io.addralloc.libvirt.xml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The characters of an XML file exactly as stored, with what is needed to write them back
 * byte for byte: the charset, whether a byte-order mark preceded the text, and a line index
 * that maps the parser's line/column positions to offsets.
 *
 * <p>Editing works on this text and re-encodes it; {@link #decode} refuses input whose
 * decoding would not re-encode to the same bytes, so an edit can never silently change bytes
 * it did not mean to touch.
 */
public final class SourceText {
    private static final Pattern ENCODING_DECL =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private final String text;
    private final Charset charset;
    private final byte[] bom;
    private final int[] lineStarts;
    /** Offset of the first CR, or -1: the parsers ask too, and one scan of the text is enough. */
    private final int firstCarriageReturn;

    private SourceText(String text, Charset charset, byte[] bom) {
        this.text = text;
        this.charset = charset;
        this.bom = bom;
        this.firstCarriageReturn = text.indexOf('\r');
        this.lineStarts = indexLines(text, firstCarriageReturn >= 0);
    }

    /**
     * Decodes {@code bytes} by BOM, then by the XML declaration, else as UTF-8 (the XML
     * default).
     *
     * @throws XmlSyntaxError if the bytes are not valid in that charset, the declared charset is
     *     unknown, or the round trip would not reproduce the bytes
     */
    public static SourceText decode(byte[] bytes) throws XmlSyntaxError {
        byte[] bom = new byte[0];
        Charset charset;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            bom = Arrays.copyOf(bytes, 3);
            charset = StandardCharsets.UTF_8;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            bom = Arrays.copyOf(bytes, 2);
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            bom = Arrays.copyOf(bytes, 2);
            charset = StandardCharsets.UTF_16LE;
        } else if (startsWith(bytes, 0x00, 0x3C, 0x00, 0x3F)) {
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(bytes, 0x3C, 0x00, 0x3F, 0x00)) {
            charset = StandardCharsets.UTF_16LE;
        } else {
            charset = declaredCharset(bytes);
        }
        if (StandardCharsets.UTF_8.equals(charset) && bom.length == 0) {
            // Most files are ASCII, which is valid UTF-8 and survives the round trip, so the strict
            // decode and the re-encoding below can be skipped. This decode replaces bad bytes
            // instead of reporting them; but when every byte became one character and none became
            // U+FFFD, every byte was ASCII.
            String ascii = new String(bytes, StandardCharsets.UTF_8);
            if (ascii.length() == bytes.length && ascii.indexOf('\uFFFD') < 0) {
                return new SourceText(ascii, charset, bom);
            }
        }
        String text;
        try {
            text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, bom.length, bytes.length - bom.length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new XmlSyntaxError(1, 1, "the file is not valid " + charset.name()
                    + " text; fix the bytes or the encoding declaration");
        }
        SourceText source = new SourceText(text, charset, bom);
        if (!Arrays.equals(source.encode(text), bytes)) {
            throw new XmlSyntaxError(1, 1, "the file's bytes do not survive a round trip through "
                    + charset.name() + "; it cannot be edited safely");
        }
        return source;
    }

    private static Charset declaredCharset(byte[] bytes) throws XmlSyntaxError {
        if (!startsWith(bytes, '<', '?', 'x', 'm', 'l')) {
            return StandardCharsets.UTF_8; // the declaration's pattern is anchored at the start
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        Matcher m = ENCODING_DECL.matcher(head);
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        String name = m.group(1);
        try {
            Charset cs = Charset.forName(name);
            String canonical = cs.name().toUpperCase(Locale.ROOT);
            if (canonical.startsWith("UTF-16") || canonical.startsWith("UTF-32")) {
                // Without a BOM these bytes are ASCII-compatible, so the declaration lies.
                throw new XmlSyntaxError(1, 1, "the XML declaration names a UTF-16 or UTF-32 encoding but the"
                        + " file has no byte-order mark and its bytes are not in that encoding");
            }
            String declaration = head.substring(0, m.end());
            if (!cs.canEncode() || !new String(bytes, 0, m.end(), cs).equals(declaration)) {
                // EBCDIC and the like: the parser and this text would disagree on every position.
                throw new XmlSyntaxError(1, 1, "the XML declaration names an encoding it is not itself written in;"
                        + " use UTF-8");
            }
            return cs;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // The name is the file's content: it is not repeated in the message.
            throw new XmlSyntaxError(1, 1, "the XML declaration names an encoding Java does not know;"
                    + " use UTF-8");
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] indexLines(String text, boolean hasCarriageReturn) {
        int[] starts = new int[16];
        int count = 1;
        if (!hasCarriageReturn) {
            // LF only, as most files are: indexOf finds each line end faster than a loop over every character.
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
            return Arrays.copyOf(starts, count);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    /** Encodes {@code newText} the way this file was encoded, BOM included. */
    public byte[] encode(String newText) {
        byte[] body = newText.getBytes(charset);
        byte[] out = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    public String text() {
        return text;
    }

    public Charset charset() {
        return charset;
    }

    /** Offset of the first CR in the text, or -1 when it has none. */
    public int firstCarriageReturn() {
        return firstCarriageReturn;
    }

    public boolean hasBom() {
        return bom.length > 0;
    }

    /** Offset of a 1-based line and column as SAX reports them; clamped to the text. */
    public int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        if (line > lineStarts.length) {
            return text.length();
        }
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }

    /** 1-based line of an offset. */
    public int line(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    /** 1-based column of an offset. */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** The line ending the file uses most ({@code "\n"} when it has none). */
    public String lineSeparator() {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    crlf++;
                    i++;
                } else {
                    cr++;
                }
            } else if (c == '\n') {
                lf++;
            }
        }
        if (crlf >= lf && crlf >= cr && crlf > 0) {
            return "\r\n";
        }
        return cr > lf ? "\r" : "\n";
    }
}
