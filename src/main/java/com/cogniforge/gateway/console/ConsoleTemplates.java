package com.cogniforge.gateway.console;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.WebApplicationTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Thymeleaf for the console: HTML templates under {@code /WEB-INF/templates/}, cached. */
final class ConsoleTemplates {

  private final JakartaServletWebApplication application;
  private final TemplateEngine engine = new TemplateEngine();

  ConsoleTemplates(ServletContext servletContext) {
    application = JakartaServletWebApplication.buildApplication(servletContext);
    WebApplicationTemplateResolver resolver = new WebApplicationTemplateResolver(application);
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setPrefix("/WEB-INF/templates/");
    resolver.setSuffix(".html");
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
    engine.setMessageResolver(new ConsoleMessages());
  }

  void render(
      String template,
      Locale locale,
      Map<String, Object> variables,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    WebContext context =
        new WebContext(application.buildExchange(request, response), locale, variables);
    // Rendered in full before anything is sent: a template error becomes a clean 500, never a
    // half page with a 200 status.
    String page = engine.process(template, context);
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write(page);
  }
}
