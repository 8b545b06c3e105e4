package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Domain#all()} is reused between changes; it must always equal a fresh concatenation. */
class DomainAllTest {
    private static List<Device> concatenation(Domain d) {
        List<Device> all = new ArrayList<>();
        for (DeviceKind k : DeviceKind.values()) {
            all.addAll(d.of(k));
        }
        return all;
    }

    @Test
    void followsEveryKindOfChangeThroughTheLiveLists() {
        Random random = new Random(8);
        DeviceKind[] kinds = DeviceKind.values();
        for (int run = 0; run < 200; run++) {
            Domain d = new Domain(Domain.Machine.Q35);
            for (int step = 0; step < 40; step++) {
                List<Device> list = d.of(kinds[random.nextInt(kinds.length)]);
                Device device = new Device(DeviceKind.DISK, null, step, null);
                switch (random.nextInt(5)) {
                    case 0, 1 -> list.add(device);
                    case 2 -> list.add(0, device);
                    case 3 -> {
                        if (!list.isEmpty()) {
                            list.set(random.nextInt(list.size()), device); // same size, new element
                        }
                    }
                    default -> {
                        if (!list.isEmpty()) {
                            list.add(list.remove(random.nextInt(list.size()))); // same size, new order
                        }
                    }
                }
                if (random.nextBoolean()) {
                    assertEquals(concatenation(d), d.all(), "run " + run + " step " + step);
                }
            }
            assertEquals(concatenation(d), d.all(), "run " + run);
        }
    }

    @Test
    void isReadOnly() {
        Domain d = new Domain(Domain.Machine.PC);
        assertThrows(UnsupportedOperationException.class, () -> d.all().add(new Device(DeviceKind.DISK, null, 0, null)));
    }
}
