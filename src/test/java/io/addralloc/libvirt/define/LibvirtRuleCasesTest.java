package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.rules.Severity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Device rules against libvirt 9.0's own verdicts: each case under
 * {@code src/test/resources/libvirt/rules} was given to {@code virsh define}; {@code cases.tsv}
 * holds what it said (and the rule addralloc reports it under).
 */
class LibvirtRuleCasesTest {

    record Case(String name, boolean accepted, String rule, String libvirtMessage) {
        @Override
        public String toString() {
            return name + (accepted ? " (accepted)" : " (" + libvirtMessage + ")");
        }
    }

    static Stream<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = LibvirtRuleCasesTest.class.getResourceAsStream("/libvirt/rules/cases.tsv")) {
            assertNotNull(in, "cases.tsv");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                cases.add(new Case(f[0], f[1].equals("accepted"), f[2], f.length > 3 ? f[3] : ""));
            }
        }
        return cases.stream();
    }

    static DefineSimulation.Outcome simulate(String resource) throws Exception {
        try (InputStream in = LibvirtRuleCasesTest.class.getResourceAsStream("/libvirt/rules/" + resource)) {
            assertNotNull(in, resource);
            return DefineSimulation.run(XmlFile.parse(in.readAllBytes()).root());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAndRuleMatchLibvirt(Case c) throws Exception {
        DefineSimulation.Outcome out = simulate(c.name() + ".xml");
        List<Problem> errors = out.problems().stream().filter(p -> p.severity() == Severity.ERROR).toList();
        String found = errors.stream().map(p -> p.rule().name() + ": " + p.message())
                .collect(Collectors.joining("\n"));
        assertEquals(c.accepted(), out.accepted(), () -> "libvirt " + (c.accepted() ? "accepts" : "rejects")
                + " " + c.name() + "; addralloc found:\n" + found);
        if (!c.accepted()) {
            assertTrue(errors.stream().anyMatch(p -> p.rule().name().equals(c.rule())),
                    () -> "expected a " + c.rule() + " error for " + c.name() + "; found:\n" + found);
        }
    }
}
