# syntax=docker/dockerfile:1
# just a comment

