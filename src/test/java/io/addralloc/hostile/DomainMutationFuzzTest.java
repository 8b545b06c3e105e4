package io.addralloc.hostile;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * verify and assign on mutations of the project's valid example domains, so the fuzzer spends
 * its time past the XML parser: structural mutations ({@link Domains#mutate}), attribute values
 * replaced by fuzzer strings, text inserted or cut. Same invariants as {@link DomainBytesFuzzTest}.
 */
class DomainMutationFuzzTest {
    private static final List<byte[]> BASES = Domains.examples();
    private static final Pattern VALUE = Pattern.compile("='([^']*)'");

    @FuzzTest(maxDuration = "2m")
    void mutatedDomain(FuzzedDataProvider data) {
        String text = new String(BASES.get(data.consumeInt(0, BASES.size() - 1)), StandardCharsets.UTF_8);
        int steps = data.consumeInt(1, 4);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> text = Domains.mutate(text, new Random(data.consumeLong()), new ArrayList<>());
                case 1 -> {
                    Matcher m = VALUE.matcher(text);
                    List<int[]> spans = new ArrayList<>();
                    while (m.find()) {
                        spans.add(new int[] {m.start(1), m.end(1)});
                    }
                    if (!spans.isEmpty()) {
                        int[] s = spans.get(data.consumeInt(0, spans.size() - 1));
                        String value = data.consumeString(24).replace("&", "&amp;").replace("'", "&apos;")
                                .replace("<", "&lt;");
                        text = text.substring(0, s[0]) + value + text.substring(s[1]);
                    }
                }
                case 2 -> {
                    int at = data.consumeInt(0, text.length());
                    text = text.substring(0, at) + data.consumeString(64) + text.substring(at);
                }
                default -> {
                    int from = data.consumeInt(0, text.length());
                    int to = Math.min(text.length(), from + data.consumeInt(0, 80));
                    text = text.substring(0, from) + text.substring(to);
                }
            }
        }
        FuzzChecks.checkAndAssign(text.getBytes(StandardCharsets.UTF_8));
    }
}
