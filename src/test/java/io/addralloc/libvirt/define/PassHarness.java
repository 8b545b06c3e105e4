package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.LocatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the passes of a define one at a time, so that a test can look at what one pass did: the
 * problems it alone found, and the domain as it left it. The passes before it run as they do in
 * {@link DefineSimulation}, since each pass needs what the earlier ones completed.
 */
final class PassHarness {
    private PassHarness() {}

    /** What one pass did: the context after it, and the problems it added. */
    record Step(DefinePass pass, DefineContext context, List<Problem> problems) {
    }

    /** The context after parsing and every pass up to and including {@code name}, and that pass's problems. */
    static Step through(String name, LocatedElement root) {
        DefinePass target = pass(name);
        Step[] last = new Step[1];
        each(root, step -> {
            if (step.pass() == target) {
                last[0] = step;
            }
        }, target);
        return last[0];
    }

    /**
     * Runs every pass in order, handing each step to {@code afterEach} before the next pass runs;
     * stops after {@code until} (null: after the last). Nothing runs when the file's machine is not
     * modelled.
     */
    static void each(LocatedElement root, Consumer<Step> afterEach, DefinePass until) {
        DomainReader.Result read = DomainReader.read(root);
        if (read.domain() == null) {
            return;
        }
        DefineContext context = DefineSimulation.context(read);
        Problems problems = context.problems();
        for (DefinePass pass : DefineSimulation.PASSES) {
            int before = problems.count();
            pass.run(context);
            afterEach.accept(new Step(pass, context, problems.since(before)));
            if (pass == until) {
                return;
            }
        }
    }

    static DefinePass pass(String name) {
        List<String> names = new ArrayList<>();
        for (DefinePass p : DefineSimulation.PASSES) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new IllegalArgumentException("no pass " + name + "; the passes are " + names);
    }
}
