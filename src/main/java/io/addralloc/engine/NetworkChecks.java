package io.addralloc.engine;

import io.addralloc.libvirt.network.NetworkVerifier;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.Finding;
import java.util.List;

/** Checks one libvirt network file and turns its problems into findings. */
final class NetworkChecks {
    private NetworkChecks() {}

    static List<Finding> findings(String path, XmlFile xml) {
        io.addralloc.libvirt.xml.LocatedElement.Identities ids = new io.addralloc.libvirt.xml.LocatedElement.Identities();
        return NetworkVerifier.verify(xml.root()).problems().stream()
                .map(p -> DomainVerifier.toFinding(path, xml.root(), p, ids)).toList();
    }
}
