package io.addralloc.libvirt.corpus;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the {@link Scorecard} of any corpus, for measuring on sets that are not committed:
 * {@code ./mvnw -B -q test -Dtest=ScorecardPrintTest -Daddralloc.scorecard=DIR[,DIR...]}.
 */
class ScorecardPrintTest {
    @Test
    @EnabledIfSystemProperty(named = "addralloc.scorecard", matches = ".+")
    void printsTheScorecardOfEachCorpusNamed() throws Exception {
        int limit = Integer.getInteger("addralloc.scorecard.limit", 200);
        for (String dir : System.getProperty("addralloc.scorecard").split(",")) {
            Scorecard card = Scorecard.of(Corpus.load(Path.of(dir.trim())));
            System.out.println("== " + dir.trim());
            System.out.println(card.report(limit));
        }
    }
}
