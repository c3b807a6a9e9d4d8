package dev.tickets.api.security;

import org.springframework.context.annotation.Import;

/** Lets slice tests outside this package import the package-private security configuration. */
@Import(SecurityConfiguration.class)
public class SecurityTestImports {}
