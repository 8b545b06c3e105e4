package io.addralloc.libvirt.write;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Edits to a text by offset: insertions, and (rarely) a replacement of a few characters. They
 * are applied from the end so that offsets stay valid; edits at the same offset keep the order
 * in which they were added.
 */
final class TextEdits {
    private record Edit(int offset, int removeLength, String insert, int sequence) {
    }

    private final List<Edit> edits = new ArrayList<>();
    private int replacements;

    void insert(int offset, String text) {
        edits.add(new Edit(offset, 0, text, edits.size()));
    }

    /** Replaces characters; counted, since an ideal edit only inserts. */
    void replace(int offset, int length, String text) {
        edits.add(new Edit(offset, length, text, edits.size()));
        replacements++;
    }

    /**
     * Removes the {@code /} of a self-closing tag that gains children. Not counted as a
     * replacement: the original characters still all appear, in order, in the result.
     */
    void dropSlash(int offset) {
        edits.add(new Edit(offset, 1, "", edits.size()));
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    /** How many edits remove characters (an ideal edit removes none). */
    int replacements() {
        return replacements;
    }

    String apply(String text) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::offset).thenComparingInt(Edit::sequence));
        StringBuilder out = new StringBuilder(text.length() + 256);
        int pos = 0;
        for (Edit e : sorted) {
            out.append(text, pos, e.offset());
            out.append(e.insert());
            pos = Math.max(pos, e.offset() + e.removeLength());
        }
        out.append(text, pos, text.length());
        return out.toString();
    }
}
