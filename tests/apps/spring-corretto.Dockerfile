FROM gradle:8-jdk17 AS build
WORKDIR /home/gradle/src
COPY --chown=gradle:gradle . .
RUN gradle bootJar --no-daemon

FROM amazoncorretto:17
COPY --from=build /home/gradle/src/build/libs/*.jar /opt/app.jar
CMD ["java", "-jar", "/opt/app.jar"]
