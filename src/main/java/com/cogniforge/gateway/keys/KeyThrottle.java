package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.security.LoginThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/** The same back-off as for operator passwords, counted apart: for guessed client keys. */
@ApplicationScoped
@Typed(KeyThrottle.class) // not a second LoginThrottle bean
public class KeyThrottle extends LoginThrottle {}
