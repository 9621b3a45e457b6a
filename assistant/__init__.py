"""KoSum Assistant's faces: the Gradio chat app, the LangChain agent and the command line."""
