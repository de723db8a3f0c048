package dev.portcullis.examples.nftables;

import dev.portcullis.spi.HostFactsContributor;
import java.util.Set;

/** The host fact the example nftables backend needs: whether {@code nft} is on PATH. */
public final class NftablesFacts implements HostFactsContributor {

    @Override
    public Set<String> tools() {
        return Set.of("nft");
    }
}
