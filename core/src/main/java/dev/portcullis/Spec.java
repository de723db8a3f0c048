package dev.portcullis;

/** Something Portcullis provisions: a {@link PortPolicy} or a {@link MailServerSpec}. */
public interface Spec {

    /** @return the name that tags what the spec owns on a host */
    String name();
}
