# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    Write-Host hello; `
    Write-Host world
COPY C:\src\app C:\app\
WORKDIR C:\app
RUN echo literal backslash at end\
RUN echo doubled escape is literal ``
ENV PATH="C:\tools;${PATH}" `
    HOME=C:\Users\app
ARG TARGET=C:\out\
RUN ["cmd", "/S", "/C", "echo", "C:\\x"]
