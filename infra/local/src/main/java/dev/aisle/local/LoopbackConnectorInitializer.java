package dev.aisle.local;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps S3Mock on the loopback interface.
 *
 * <p>S3Mock adds a plain-HTTP Tomcat connector as a bean; {@code server.address} only reaches its
 * HTTPS connector, so the HTTP one would listen on every interface. This initializer sets the
 * address of every {@link Connector} bean before Tomcat starts it. stack.sh puts this jar on
 * S3Mock's {@code loader.path}; {@code META-INF/spring.factories} registers the initializer (Spring
 * Boot 4 no longer reads {@code context.initializer.classes}).
 */
public final class LoopbackConnectorInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  static final String ADDRESS_PROPERTY = "aisle.local.bind-address";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String address = context.getEnvironment().getProperty(ADDRESS_PROPERTY, "127.0.0.1");
    context
        .getBeanFactory()
        .addBeanPostProcessor(
            new BeanPostProcessor() {
              @Override
              public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof Connector connector) {
                  connector.setProperty("address", address);
                }
                return bean;
              }
            });
  }
}
