package dev.portcullis.plan;

/**
 * Receives {@link ProvisioningEvent}s as an apply runs, e.g. to draw a progress bar in an
 * installer. A lambda or Groovy closure fits. Called on the applying thread; keep it quick.
 */
@FunctionalInterface
public interface ProvisioningListener {

    /** A listener that ignores everything. */
    ProvisioningListener NONE = event -> { };

    /** @param event what happened */
    void on(ProvisioningEvent event);
}
