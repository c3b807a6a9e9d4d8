package dev.tickets.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: {@code @ExtendWith(TestInfrastructureExtension.class)} injects the JVM's {@link
 * TestInfrastructure} into test, lifecycle and constructor parameters.
 */
public final class TestInfrastructureExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestInfrastructure.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestInfrastructure.SHARED;
  }
}
