# Spring Boot built with Gradle, run on a jlink runtime in Debian slim.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY gradlew settings.gradle build.gradle ./
COPY gradle gradle
RUN ./gradlew dependencies --no-daemon
COPY src src
RUN ./gradlew bootJar --no-daemon
RUN jlink --add-modules java.base,java.logging,java.naming,java.sql,java.management,java.instrument,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output /jre

FROM debian:bookworm-slim
COPY --from=build /jre /opt/jre
COPY --from=build /workspace/build/libs/app.jar /app/app.jar
RUN groupadd --system app && useradd --system --gid app app
USER app
ENTRYPOINT ["/opt/jre/bin/java", "-jar", "/app/app.jar"]
