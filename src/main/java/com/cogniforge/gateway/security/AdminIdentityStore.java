package com.cogniforge.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Checks the operator's name and password; the one valid caller gets the admin role. */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

  public static final String ADMIN_ROLE = "admin";

  @Inject AdminAccount account;

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    if (account.matches(credential.getCaller(), credential.getPassword().getValue())) {
      return new CredentialValidationResult(account.user(), Set.of(ADMIN_ROLE));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }
}
