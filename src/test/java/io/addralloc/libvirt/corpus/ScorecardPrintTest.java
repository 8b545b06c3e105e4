package io.addralloc.libvirt.corpus;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the {@link Scorecard} of any corpus, for measuring on sets that are not committed:
 * {@code ./mvnw -B -q test -Dtest=ScorecardPrintTest -Daddralloc.scorecard=DIR[,DIR...]}, a row per
 * machine family, or per recipe with {@code -Daddralloc.scorecard.rows=kind}.
 */
class ScorecardPrintTest {
    @Test
    @EnabledIfSystemProperty(named = "addralloc.scorecard", matches = ".+")
    void printsTheScorecardOfEachCorpusNamed() throws Exception {
        int limit = Integer.getInteger("addralloc.scorecard.limit", 200);
        // -Daddralloc.scorecard.rows=kind gives a row per recipe instead of per machine family.
        boolean byKind = "kind".equals(System.getProperty("addralloc.scorecard.rows"));
        for (String dir : System.getProperty("addralloc.scorecard").split(",")) {
            Scorecard card = Scorecard.of(Corpus.load(Path.of(dir.trim())),
                    byKind ? Corpus.Case::kind : Corpus.Case::machine);
            System.out.println("== " + dir.trim());
            System.out.println(card.report(limit));
        }
    }
}
