package io.addralloc.libvirt.define;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One step of libvirt's define, run on the parsed domain in the order {@link DefineSimulation#PASSES}
 * lists. Each pass reads and changes the domain of its {@link DefineContext} and adds what it finds to
 * the context's problems; a test runs the passes up to one of them and looks at what that one did.
 *
 * @param name a short name, unique among the passes
 * @param follows the libvirt function (or phase) whose rules the pass follows
 * @param body the work
 */
public record DefinePass(String name, String follows, Consumer<DefineContext> body) {
    public DefinePass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(follows, "follows");
        Objects.requireNonNull(body, "body");
    }

    public void run(DefineContext context) {
        body.accept(context);
    }

    @Override
    public String toString() {
        return name + " (" + follows + ")";
    }
}
