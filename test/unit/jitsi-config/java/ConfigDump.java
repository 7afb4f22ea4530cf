import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Prints a configuration file as JSON, parsed by the library the Jitsi Java components use.
 *
 * <p>{@code hocon FILE}: parses FILE with Typesafe Config (includes resolved relative to FILE,
 * substitutions resolved), the way the components load {@code -Dconfig.file}.
 * {@code properties FILE}: loads FILE with {@code java.util.Properties}, the way
 * {@code java.util.logging} reads {@code logging.properties}. {@code logging FILE}: configures
 * {@code java.util.logging} from FILE and prints whether FINE, INFO and WARNING records of the
 * Jitsi loggers would be logged.
 */
public final class ConfigDump {
  private ConfigDump() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ConfigDump hocon|properties FILE");
    }
    File file = new File(args[1]);
    ConfigRenderOptions json = ConfigRenderOptions.concise();
    if (args[0].equals("hocon")) {
      Config config =
          ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve();
      System.out.println(config.root().render(json));
    } else if (args[0].equals("properties")) {
      Properties properties = new Properties();
      try (InputStream in = new FileInputStream(file)) {
        properties.load(in);
      }
      TreeMap<String, String> sorted = new TreeMap<>();
      for (String name : properties.stringPropertyNames()) {
        sorted.put(name, properties.getProperty(name));
      }
      System.out.println(ConfigValueFactory.fromMap(sorted).render(json));
    } else if (args[0].equals("logging")) {
      try (InputStream in = new FileInputStream(file)) {
        LogManager.getLogManager().readConfiguration(in);
      }
      TreeMap<String, Object> levels = new TreeMap<>();
      for (String name : new String[] {"org.jitsi.videobridge", "org.jitsi.jicofo", "org.jitsi.impl.protocol.xmpp"}) {
        Logger logger = Logger.getLogger(name);
        levels.put(name + " FINE", logger.isLoggable(Level.FINE));
        levels.put(name + " INFO", logger.isLoggable(Level.INFO));
        levels.put(name + " WARNING", logger.isLoggable(Level.WARNING));
      }
      System.out.println(ConfigValueFactory.fromMap(levels).render(json));
    } else {
      throw new IllegalArgumentException(
          "unknown mode " + args[0] + "; use hocon, properties or logging");
    }
  }
}
