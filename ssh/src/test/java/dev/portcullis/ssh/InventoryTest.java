package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inventory file: defaults, groups and hosts, each level overriding the one above; problems name their place. */
class InventoryTest {

    @TempDir
    Path dir;

    private Inventory read(String yaml) throws Exception {
        return Inventory.read(Files.writeString(dir.resolve("hosts.yaml"), yaml));
    }

    @Test
    void hostsInheritGroupAndDefaultSettingsAndOverrideThem() throws Exception {
        Inventory inv = read("""
                defaults: { user: deploy }
                groups:
                  mail:
                    port: 2222
                    hosts:
                      mx1: { address: 192.0.2.10 }
                      mx2: { address: 192.0.2.11, user: root, port: 22 }
                  web:
                    hosts:
                      www: { address: www.example.com }
                """);
        assertThat(inv.hostNames()).containsExactly("mx1", "mx2", "www");
        assertThat(inv.login("mx1")).hasValue(new SshHost("deploy", "192.0.2.10", 2222));
        assertThat(inv.login("mx2")).hasValue(new SshHost("root", "192.0.2.11", 22));
        assertThat(inv.login("www")).hasValue(new SshHost("deploy", "www.example.com", 22));
        assertThat(inv.members(Optional.of("mail"))).extracting(FleetMember::name).containsExactly("mx1", "mx2");
        assertThat(inv.members(Optional.empty())).hasSize(3);
    }

    @Test
    void refusesAnUnknownSettingNamingItsPlace() {
        assertThatThrownBy(() -> read("groups: { mail: { hosts: { mx1: { address: 192.0.2.10, pasword: x } } } }"))
                .hasMessageStartingWith("groups.mail.hosts.mx1.pasword: unknown setting");
    }

    @Test
    void refusesAHostWithoutAddressOrWithABadPort() {
        assertThatThrownBy(() -> read("groups: { mail: { hosts: { mx1: { user: root } } } }"))
                .hasMessage("groups.mail.hosts.mx1.address: is missing");
        assertThatThrownBy(() -> read("groups: { mail: { hosts: { mx1: { address: a.example, port: ssh } } } }"))
                .hasMessageStartingWith("groups.mail.hosts.mx1.port:");
    }

    @Test
    void refusesNewlineInAnAddress() {
        assertThatThrownBy(() -> read("groups: { mail: { hosts: { mx1: { address: \"a.example\\nb\" } } } }"))
                .hasMessageStartingWith("groups.mail.hosts.mx1.host:");
    }

    @Test
    void refusesAHostInTwoGroupsAndAnUnknownGroup() throws Exception {
        assertThatThrownBy(() -> read("""
                groups:
                  a: { hosts: { mx1: { address: 192.0.2.10 } } }
                  b: { hosts: { mx1: { address: 192.0.2.10 } } }
                """)).hasMessageContaining("already in group a");
        Inventory inv = read("groups: { a: { hosts: { mx1: { address: 192.0.2.10 } } } }");
        assertThatThrownBy(() -> inv.members(Optional.of("b"))).hasMessage("group: the inventory has no group b");
    }

    @Test
    void refusesAPasswordThatIsNotASecretReferenceWithoutShowingIt() throws Exception {
        Inventory inv = read("groups: { a: { hosts: { mx1: { address: 192.0.2.10, password: hunter2 } } } }");
        assertThatThrownBy(() -> inv.members(Optional.empty())).hasMessageContaining("host mx1")
                .hasMessageNotContaining("hunter2");
    }
}
