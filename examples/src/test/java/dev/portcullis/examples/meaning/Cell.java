package dev.portcullis.examples.meaning;

import dev.portcullis.IpFamily;
import dev.portcullis.Protocol;

/**
 * One cell of the probe matrix: which client knocks, over which IP family, on which protocol and port.
 *
 * @param client the client's address of that family (the connection's source)
 * @param family IPv4 or IPv6
 * @param protocol TCP or UDP
 * @param port the port on the test host
 */
record Cell(String client, IpFamily family, Protocol protocol, int port) {

    @Override
    public String toString() {
        return client + " -> " + protocol.id() + "/" + port;
    }
}
