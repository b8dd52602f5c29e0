FROM alpine
CMD ['single']
CMD ["C:\app\run.exe"]
CMD ["a",]
CMD ["a" "b"]
RUN ["a", b]
CMD ["unterminated
CMD ["x"] extra
CMD ["x"]["y"]
ENTRYPOINT []
CMD []
RUN []
CMD [ ]
VOLUME /a /b
VOLUME [/not/json]
COPY ["only-one"]
CMD {"not": "array"}
CMD "string"
CMD [1e999]
