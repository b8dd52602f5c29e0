FROM node:latest
RUN echo "100% <done> & 'quoted'"
