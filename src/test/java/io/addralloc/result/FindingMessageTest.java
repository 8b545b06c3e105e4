package io.addralloc.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A finding's message keeps at most 64 characters of a word quoted from a file: against the
 * regular expression alone (what the message was before it was first scanned for such a word),
 * on seeded random messages of words of every length around the limit, separated by the blanks
 * and quotes the expression knows, with the occasional surrogate pair.
 */
class FindingMessageTest {
    private static final Pattern OVERLONG_WORD = Pattern.compile("([^\\s']{64})[^\\s']+");

    @Test
    void overlongWordsAreCutAsTheExpressionCutsThem() {
        Random rnd = new Random(64);
        String[] separators = {" ", "\t", "'", "\f", "\u000B", "  "};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder message = new StringBuilder();
            for (int w = 0, words = 1 + rnd.nextInt(4); w < words; w++) {
                int length = rnd.nextBoolean() ? 60 + rnd.nextInt(10) : rnd.nextInt(120);
                for (int c = 0; c < length; c++) {
                    message.append(rnd.nextInt(40) == 0 ? "\uD83D\uDE00" : String.valueOf((char) ('a' + rnd.nextInt(26))));
                }
                message.append(separators[rnd.nextInt(separators.length)]);
            }
            String m = message.toString();
            String expected = Finding.escape(OVERLONG_WORD.matcher(m).replaceAll("$1…"));
            expected = expected.length() > 1000 ? expected.substring(0, 1000) + "…" : expected;
            assertEquals(expected, new Finding(Rule.PIN_UNPINNED, Severity.WARNING, "a.xml", 1, 1, m).message(),
                    "message " + i);
        }
    }
}
