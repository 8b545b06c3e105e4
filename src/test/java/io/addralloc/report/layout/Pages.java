package io.addralloc.report.layout;

import io.addralloc.engine.CrossFileChecks;
import io.addralloc.engine.FileChecker;
import io.addralloc.engine.HotplugCapacity;
import io.addralloc.report.Rendering;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;

/** Renders the report of a set of files in memory, as the report goal does, and reads its pages back. */
final class Pages {
    private Pages() {}

    /** The bundled example repository's files, by path relative to it. */
    static Map<String, byte[]> example() {
        Path root = Path.of("examples", "infra-repo");
        Map<String, byte[]> files = new TreeMap<>();
        for (String dir : List.of("vms", "networks")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".xml")).toList()) {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Path to page text, for the files given (in path order), with the default threshold of one free port. */
    static Map<String, String> render(Map<String, byte[]> files) {
        return render(files, true);
    }

    static Map<String, String> render(Map<String, byte[]> files, boolean parallel) {
        Map<String, Object> layouts = new java.util.concurrent.ConcurrentHashMap<>();
        Stream<Map.Entry<String, byte[]>> stream = new TreeMap<>(files).entrySet().stream();
        List<FileResult> results = (parallel ? stream.parallel() : stream).map(e -> {
            FileChecker.Inspection in = new FileChecker().inspect(e.getKey(), e.getValue());
            if (in.result().kind() == FileKind.DOMAIN) {
                layouts.put(e.getKey(), DomainLayout.of(in.xml(), in.simulation()));
            } else if (in.result().kind() == FileKind.NETWORK) {
                layouts.put(e.getKey(), NetworkLayout.of(in.xml()));
            }
            return in.result();
        }).toList();
        results = HotplugCapacity.apply(CrossFileChecks.apply(results), 1);
        List<LayoutReport.Entry> entries = new ArrayList<>();
        for (FileResult r : results) {
            if (r.kind() != FileKind.FOREIGN) {
                Object l = layouts.get(r.path());
                entries.add(new LayoutReport.Entry(r, l instanceof DomainLayout d ? d : null,
                        l instanceof NetworkLayout n ? n : null));
            }
        }
        Map<String, String> pages = new LinkedHashMap<>();
        for (LayoutReport.Page p : new LayoutReport(entries, "test").pages()) {
            pages.put(p.path(), Rendering.asString(p.content()));
        }
        return pages;
    }

    /** A page as an XML document: every page is well-formed XML once its HTML doctype is left out. */
    static Document parse(String page) {
        try {
            SAXReader reader = SAXReader.createDefault();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return reader.read(new StringReader(page.replaceFirst("^<!DOCTYPE html>\n", "")));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
