# Quarkus service on Red Hat UBI with a JRE from microdnf.
FROM registry.access.redhat.com/ubi9/ubi-minimal:latest
ARG DB_PASSWORD
ENV QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD
RUN microdnf install -y java-21-openjdk-headless shadow-utils
RUN useradd --uid 185 --create-home quarkus
WORKDIR /deployments
COPY --chown=185 target/quarkus-app/lib/ lib/
COPY --chown=185 target/quarkus-app/*.jar ./
COPY --chown=185 target/quarkus-app/app/ app/
COPY --chown=185 target/quarkus-app/quarkus/ quarkus/
USER 185
EXPOSE 8080
CMD ["java", "-jar", "/deployments/quarkus-run.jar"]
