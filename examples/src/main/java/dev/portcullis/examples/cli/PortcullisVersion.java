package dev.portcullis.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code portcullis --version}, taken from the build. */
public final class PortcullisVersion implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PortcullisVersion.class.getResourceAsStream("portcullis-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"portcullis " + p.getProperty("version", "(development build)")};
    }
}
